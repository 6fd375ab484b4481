import { describe, expect, it } from 'vitest';
import { gatewayOrigin } from './gateway-origin.ts';

describe('gatewayOrigin', () => {
  it('is loopback on the gateway port by default, or the host and port given', () => {
    expect(gatewayOrigin({})).toBe('http://127.0.0.1:3001');
    expect(
      gatewayOrigin({
        LIFEOSAI_USER_MANAGEMENT_HOST: 'user-management',
        LIFEOSAI_USER_MANAGEMENT_PORT: '3101',
      }),
    ).toBe('http://user-management:3101');
  });

  it('takes a full URL (a Cloud Run service) as its origin, over the host and port', () => {
    expect(
      gatewayOrigin({
        LIFEOSAI_USER_MANAGEMENT_URL: 'https://lifeosai-user-management-123.europe-west1.run.app/',
        LIFEOSAI_USER_MANAGEMENT_HOST: 'ignored',
      }),
    ).toBe('https://lifeosai-user-management-123.europe-west1.run.app');
  });
});
