import { BillingView } from '../../../components/billing/BillingView.tsx';
import { Shell } from '../../../components/Shell.tsx';

export const metadata = { title: 'Billing · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Billing">
      <BillingView />
    </Shell>
  );
}
