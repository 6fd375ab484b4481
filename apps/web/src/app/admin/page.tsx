import { AdminView } from '../../components/admin/AdminView.tsx';
import { Shell } from '../../components/Shell.tsx';

export const metadata = { title: 'Admin · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Admin">
      <AdminView />
    </Shell>
  );
}
