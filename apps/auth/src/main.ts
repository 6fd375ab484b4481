/**
 * `node apps/auth/src/main.ts`: the auth service as its own process, configured by this process's
 * environment. In local mode `npm start` may host it in one process with the other services
 * instead, each with its own environment object (see `startAuthService`).
 */
import { runService } from '@lifeosai/http-kit';
import { startAuthService } from './service.ts';

runService('Auth service', () => startAuthService(process.env));
