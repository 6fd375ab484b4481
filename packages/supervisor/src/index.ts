export {
  localNodeFlags,
  type PlatformPorts,
  type PlatformServicesOptions,
  platformServices,
  portSettings,
} from './platform-services.ts';
export { type BusyPort, busyPlatformPorts, platformRunningMessage } from './platform-stopped.ts';
export { isPortFree } from './port-check.ts';
export {
  type HostedService,
  type ServiceSpec,
  SupervisorError,
  type SupervisorErrorCode,
} from './service-spec.ts';
export { createSupervisor, type Supervisor, type SupervisorOptions } from './supervisor.ts';
