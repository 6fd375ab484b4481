import { Settings } from '../../components/Settings.tsx';
import { Shell } from '../../components/Shell.tsx';

export const metadata = { title: 'Settings · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Settings">
      <Settings />
    </Shell>
  );
}
