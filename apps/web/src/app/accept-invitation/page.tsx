import { AcceptInvitation } from '../../components/invitation/AcceptInvitation.tsx';

export const metadata = { title: 'Invitation · LIFEOSAI' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Where invitation emails link to: `/accept-invitation?id=<invitationId>`. */
export default async function Page({ searchParams }: { searchParams: Search }) {
  const { id } = await searchParams;
  return <AcceptInvitation invitationId={typeof id === 'string' && id ? id : null} />;
}
