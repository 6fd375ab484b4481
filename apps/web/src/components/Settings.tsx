'use client';

import Link from 'next/link';
import { ConnectionsLink } from './connections/ConnectionsLink.tsx';
import { useMe } from './Shell.tsx';
import { ApiKeys } from './settings/ApiKeys.tsx';
import { Invitations } from './settings/Invitations.tsx';
import { Members } from './settings/Members.tsx';
import { Notifications } from './settings/Notifications.tsx';
import { OrganizationSettings } from './settings/OrganizationSettings.tsx';
import { Providers } from './settings/Providers.tsx';
import { canManage } from './settings/role-options.ts';
import { Secrets } from './settings/Secrets.tsx';

/**
 * `/settings`: one section per concern, each showing what the caller's role allows. A new
 * section is one component in its own file under `settings/`, added to this list; the person's
 * own profile and password live on `/account`.
 */
export function Settings() {
  const manage = canManage(useMe());
  return (
    <div className="stack">
      <nav aria-label="More settings" className="card row wrap">
        <Link href="/settings/billing">Billing and plan</Link>
        <Link href="/settings/plugins">Plugins</Link>
        <span className="muted small">plugins: skills, MCP servers and instructions for your agents</span>
      </nav>
      <Providers />
      <ApiKeys />
      <Secrets />
      <ConnectionsLink />
      <Members />
      {manage ? <Invitations /> : null}
      <Notifications />
      {/* Last: it appears once loaded, so nothing below it may shift; deleting sits at the bottom. */}
      <OrganizationSettings />
    </div>
  );
}
