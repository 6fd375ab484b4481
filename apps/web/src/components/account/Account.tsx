'use client';

import { ChangePassword } from './ChangePassword.tsx';
import { Profile } from './Profile.tsx';

/** `/account`: the signed-in person's own profile and password. */
export function Account() {
  return (
    <div className="stack">
      <Profile />
      <ChangePassword />
    </div>
  );
}
