import { describe, expect, it } from 'vitest';
import type { Profile } from '../api/client';
import samples from '../api/contract.samples.json';
import { diffProfile, draftFromProfile } from './draft';

const profile: Profile = {
  ...samples.results.GetProfile.empty,
  id: 1,
  username: 'alice',
  email: 'alice@example.com',
  first_name: 'Alice',
};

describe('profile drafts', () => {
  it('finds only the changed fields, trimmed', () => {
    const draft = { ...draftFromProfile(profile), first_name: ' Alicia ', last_name: '  ', number_phone: '555' };
    expect(diffProfile(profile, draft)).toStrictEqual({ first_name: 'Alicia', number_phone: '555' });
    expect(diffProfile(profile, draftFromProfile(profile))).toStrictEqual({});
  });

  it('sends an emptied phone as "", which clears it', () => {
    const withPhone = { ...profile, number_phone: '555' };
    expect(diffProfile(withPhone, { ...draftFromProfile(withPhone), number_phone: '' })).toStrictEqual({
      number_phone: '',
    });
  });
});
