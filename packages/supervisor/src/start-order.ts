import { type ServiceSpec, SupervisorError } from './service-spec.ts';

/**
 * Orders services so each comes after everything it depends on; otherwise the given order
 * is kept, so listing services in the intended order is enough. Throws on an unknown name
 * or a cycle (a programmer mistake in the spec list).
 */
export function startOrder(services: readonly ServiceSpec[]): ServiceSpec[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  const ordered: ServiceSpec[] = [];
  const visiting = new Set<string>();
  const visit = (service: ServiceSpec) => {
    if (ordered.includes(service)) return;
    if (visiting.has(service.name)) {
      throw new SupervisorError(
        'DEPENDENCY_UNKNOWN',
        service.name,
        `dependency cycle through ${service.name}`,
      );
    }
    visiting.add(service.name);
    for (const name of service.dependsOn ?? []) {
      const dependency = byName.get(name);
      if (!dependency) {
        throw new SupervisorError(
          'DEPENDENCY_UNKNOWN',
          service.name,
          `${service.name} depends on ${name}, which is not in the service list`,
        );
      }
      visit(dependency);
    }
    visiting.delete(service.name);
    ordered.push(service);
  };
  for (const service of services) visit(service);
  return ordered;
}
