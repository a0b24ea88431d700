// The installed extension's own CLI (dist/cli.js), run the way a user of the packaged extension would.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Generates the chart of `<folder>/intent/my-service.yaml` with `dist/cli.js generate … --yes` (run in
 * `folder`, the chart root) and checks that it wrote charts/my-service/Chart.yaml; a failure carries
 * the CLI's output.
 * @param {string} extension the installed extension's folder
 * @param {string} folder
 */
export function generateMyServiceChart(extension, folder) {
  const cli = path.join(extension, 'dist/cli.js');
  try {
    execFileSync(process.execPath, [cli, 'generate', 'intent/my-service.yaml', '--yes'], {
      cwd: folder,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    const err = /** @type {{ status?: number, stdout?: string, stderr?: string }} */ (e);
    throw new Error(
      `${cli} generate intent/my-service.yaml --yes (in ${folder}) exited with ${err.status}:\n${err.stdout}${err.stderr}`,
    );
  }
  const chartYaml = path.join(folder, 'charts/my-service/Chart.yaml');
  if (!fs.existsSync(chartYaml)) throw new Error(`the CLI did not write ${chartYaml}`);
}
