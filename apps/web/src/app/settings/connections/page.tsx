import { Connections } from '../../../components/connections/Connections.tsx';
import { Shell } from '../../../components/Shell.tsx';

export const metadata = { title: 'Connections · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Connections">
      <Connections />
    </Shell>
  );
}
