import { roles } from '@lifeosai/identity/roles';
import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** An organization the caller belongs to (`GET /api/orgs`, `GET /api/orgs/current`). */
export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Its URL slug, when it has one. */
  slug: z.string().nullable(),
  /** The caller's role in it. */
  role: z.enum(roles),
  /** The caller's personal organization, made at sign-up: it cannot be deleted. */
  personal: z.boolean(),
});

/** `GET /api/orgs`. */
export const organizationListSchema = z.object({ items: z.array(organizationSchema) });

/** A member of the active organization. */
export const memberSchema = z.object({
  /** Membership id (used in member routes). */
  id: z.string().describe('Membership id (used in member routes).'),
  /** The member's account. */
  userId: z.string(),
  email: z.string(),
  /** The display name; empty when the account has none. */
  name: z.string(),
  /** The member's role in the organization. */
  role: z.enum(roles),
  /** When they joined. */
  createdAt: timestampSchema.nullable(),
});

/** `GET /api/orgs/current/members`. */
export const memberListSchema = z.object({ items: z.array(memberSchema) });

/** An invitation to the active organization. */
export const invitationSchema = z.object({
  id: z.string(),
  /** The address invited. */
  email: z.string(),
  /** The role the invitee gets on accepting. */
  role: z.enum(roles),
  /** better-auth's status: `pending`, `accepted`, `canceled`, `rejected`. */
  status: z.string(),
  /** When the invitation lapses. */
  expiresAt: timestampSchema.nullable(),
});

/** `POST /api/orgs/current/invitations`: the invitation just made. */
export const createdInvitationSchema = invitationSchema.extend({
  /**
   * The link the invitee opens, only when the platform could not mail it (local mode without a
   * mail server: it waits in the outbox); null when it was mailed. Shown to the inviting admin only.
   */
  url: z.string().nullable(),
});

/** `GET /api/orgs/current/invitations`: the pending ones. */
export const invitationListSchema = z.object({ items: z.array(invitationSchema) });

/** `POST /api/orgs/invitations/:id/accept`: the organization joined (switch to it with set-active). */
export const acceptedInvitationSchema = z.object({
  /** The organization joined. */
  organizationId: z.string(),
  /** The new membership's id, when the auth service reported it. */
  memberId: z.string().nullable(),
  /** The role the invitation gave. */
  role: z.enum(roles),
});

export type Organization = z.infer<typeof organizationSchema>;
export type Member = z.infer<typeof memberSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;
export type AcceptedInvitation = z.infer<typeof acceptedInvitationSchema>;

/** `PATCH /api/orgs/current/members/:memberId` (a JSON merge patch): the member's new role. */
export const memberRoleBody = z.object({ role: z.enum(roles) }).strict();

/** `POST /api/orgs/current/invitations`: whom to invite, and as what (a member unless said). */
export const inviteBody = z
  .object({
    /** The address the invitation goes to. */
    email: z.email().max(320),
    /** The role on accepting; only an owner may invite an owner. */
    role: z.enum(roles).default('member'),
  })
  .strict();

/** `PATCH /api/orgs/current` (a JSON merge patch): the organization's new name. */
export const organizationPatchBody = z
  .object({
    /** What people see; 1–100 characters. */
    name: z.string().trim().min(1).max(100),
  })
  .strict();

/** `DELETE /api/orgs/current`: the organization's name typed again, so a slip cannot delete it. */
export const deleteOrganizationBody = z
  .object({
    /** Exactly the organization's current name. */
    confirm: z.string().max(200),
  })
  .strict();
