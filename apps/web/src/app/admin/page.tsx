import { AdminView } from '../../components/admin/AdminView.tsx';
import { Shell } from '../../components/Shell.tsx';
import { loadAuthMethods } from '../../lib/load-auth-methods.ts';

export const metadata = { title: 'Admin · LIFEOSAI' };
export const dynamic = 'force-dynamic';

export default async function Page() {
  const methods = await loadAuthMethods();
  return (
    <Shell title="Admin">
      <AdminView mailOutbox={methods.mailOutbox} />
    </Shell>
  );
}
