import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { parseInvitation, roleWithArticle, unavailableReason } from './invitation.ts';

describe('parseInvitation', () => {
  it("keeps what the page shows from better-auth's answer", () => {
    expect(
      parseInvitation({
        id: 'inv_1',
        email: 'grace@example.com',
        role: 'admin',
        organizationId: 'org_1',
        organizationName: 'Ada’s team',
        organizationSlug: 'ada',
        inviterId: 'usr_1',
        inviterEmail: 'ada@example.com',
        status: 'pending',
        expiresAt: '2030-01-02T03:04:05.000Z',
      }),
    ).toEqual({
      organizationId: 'org_1',
      organizationName: 'Ada’s team',
      email: 'grace@example.com',
      role: 'admin',
      inviterEmail: 'ada@example.com',
      expiresAt: '2030-01-02T03:04:05.000Z',
    });
  });

  it('is null for an answer without the organization', () => {
    expect(parseInvitation({ id: 'inv_1', email: 'grace@example.com' })).toBeNull();
    expect(parseInvitation(null)).toBeNull();
    expect(parseInvitation('Invitation not found!')).toBeNull();
  });
});

describe('unavailableReason', () => {
  it.each([
    [new ApiError(404, 'NOT_FOUND', 'invitation not found'), 'not-yours'],
    [new ApiError(403, 'YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION', 'not yours'), 'not-yours'],
    [new ApiError(400, 'INVITATION_NOT_FOUND', 'used'), 'not-yours'],
    [new ApiError(403, 'EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION', 'verify'), 'unverified'],
  ])('%s → %s', (error, reason) => {
    expect(unavailableReason(error)).toBe(reason);
  });

  it('leaves failures worth retrying alone', () => {
    expect(unavailableReason(new ApiError(502, 'AUTH_FAILED', 'down'))).toBeNull();
    expect(unavailableReason(new TypeError('Failed to fetch'))).toBeNull();
  });
});

describe('roleWithArticle', () => {
  it('reads as a sentence', () => {
    expect(['member', 'admin', 'owner'].map(roleWithArticle)).toEqual(['a member', 'an admin', 'an owner']);
  });
});
