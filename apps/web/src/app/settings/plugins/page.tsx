import { Plugins } from '../../../components/plugins/Plugins.tsx';
import { Shell } from '../../../components/Shell.tsx';

export const metadata = { title: 'Plugins · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Plugins">
      <Plugins />
    </Shell>
  );
}
