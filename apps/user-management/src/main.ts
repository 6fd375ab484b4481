/**
 * `node apps/user-management/src/main.ts`: the user-management gateway as its own process, configured by this process's
 * environment. In local mode `npm start` may host it in one process with the other services
 * instead, each with its own environment object (see `startGatewayService`).
 */
import { runService } from '@lifeosai/http-kit';
import { startGatewayService } from './service.ts';

runService('User management', () => startGatewayService(process.env));
