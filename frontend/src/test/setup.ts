import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// waitFor and findBy* end as soon as what they wait for is there; their limit
// (1 s by default) only guards against a hang, so a loaded machine must not meet it.
configure({ asyncUtilTimeout: 30_000 });

// vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
});
