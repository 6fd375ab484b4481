import { Account } from '../../components/account/Account.tsx';
import { Shell } from '../../components/Shell.tsx';

export const metadata = { title: 'Account · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Account">
      <Account />
    </Shell>
  );
}
