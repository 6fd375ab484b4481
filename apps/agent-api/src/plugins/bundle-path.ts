import { resolve, sep } from 'node:path';

/**
 * A path the plugin's manifest names, inside the unpacked bundle. The plugins package
 * refuses paths that climb out when it reads the manifest; checked again where a file is
 * read, since the row is what the run trusts.
 */
export function insideBundle(bundle: string, relative: string): string {
  const path = resolve(bundle, relative);
  if (path !== bundle && !path.startsWith(bundle + sep)) {
    throw new Error(`The plugin path ${relative} is outside its bundle.`);
  }
  return path;
}
