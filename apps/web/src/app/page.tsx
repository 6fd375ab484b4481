import { Home } from '../components/Home.tsx';

export default function Page() {
  return <Home />;
}
