// The extension inside a real VS Code: code-server 4.100.3 (VS Code 1.100.3) with the packaged
// dist/helm-intent.vsix installed, driven by headless Chromium. One code-server serves all scenarios,
// which run in order on a copy of examples/ (plus policy-review/, see scenarios/chart-review.mjs).
// Run it with `npm run test:e2e` (setup + package + this).
// Env: E2E_VSIX (other package), E2E_KEEP=1 (keep the run dir after a pass), E2E_HEADED=1, E2E_HELM (helm binary).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness/code-server.mjs';
import { useCodeServer } from './harness/suite.mjs';
import { preparePolicyReview, registerChartReview } from './scenarios/chart-review.mjs';
import { prepareReviewPanel, registerChartReviewPanel, useFakeCluster } from './scenarios/chart-review-panel.mjs';
import { registerGenerateChart } from './scenarios/generate-chart.mjs';
import { registerIntentEditing } from './scenarios/intent-editing.mjs';

const HELM = process.env.E2E_HELM || path.join(ROOT, '.tools/bin/helm');
if (!fs.existsSync(HELM))
  throw new Error(
    `no helm at ${HELM}: run \`node scripts/install-tools.mjs\` (test/e2e/setup.sh does) or set E2E_HELM`,
  );

// A local Kubernetes API server, started with code-server, which gets its KUBECONFIG (scenario g's Live status).
const cluster = useFakeCluster();
useCodeServer({
  workspaceSource: path.join(ROOT, 'examples'),
  // Machine-scoped: only user (not workspace) settings may say which helm the review runs.
  userSettings: { 'helmIntent.helmPath': HELM },
  prepareWorkspace: (dirs) => {
    preparePolicyReview(dirs);
    prepareReviewPanel(dirs);
  },
  env: cluster.env,
});
registerIntentEditing(); // a–d
registerGenerateChart(); // e
registerChartReview(); // f
registerChartReviewPanel(); // g
