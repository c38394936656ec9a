import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppearanceProvider } from './appearance/AppearanceProvider';
import './styles.css';
import './appearance/appearance.css';

const root = document.getElementById('root');
if (!root) throw new Error('PassDesk: the #root element is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <AppearanceProvider>
      <App />
    </AppearanceProvider>
  </StrictMode>,
);
