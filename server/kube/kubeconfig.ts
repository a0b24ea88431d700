/**
 * Reads the kubeconfig exactly as kubectl does:
 * - `KUBECONFIG` is a list (':' on Unix, ';' on Windows); empty entries and files that do not
 *   exist are skipped, duplicates read once; without it, `~/.kube/config`;
 * - merge rule "first file wins": a cluster/user/context name defined in an earlier file is
 *   never replaced by a later one, and current-context comes from the first file that sets it;
 * - relative certificate/key/token paths resolve against the file that names them;
 * - namespace: explicit override, else the context's namespace, else "default".
 * @kubernetes/client-node's own loadFromDefault differs (a later file's current-context wins,
 * a duplicate name throws, a missing file throws), so the files are merged here and handed to
 * client-node with loadFromOptions; client-node then does authentication (tokens, client
 * certificates, exec plugins) for every request.
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cluster, Context, KubeClientModule, KubeConfig, User } from './client-types';
import type { ClusterInfo } from '../protocol/status-protocol';

export interface KubeConfigOptions {
  /** `--context`: use this context instead of current-context. */
  context?: string;
  /** `--namespace`: use this namespace instead of the context's. */
  namespace?: string;
  /** `--kubeconfig`: one file, replacing KUBECONFIG (as kubectl's flag does). */
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedKubeConfig {
  /** Ready to use when `info.state` is 'ok' (connection not yet tried). */
  kc?: KubeConfig;
  /** state is 'ok', 'no-cluster-configured' or 'config-error' at this point. */
  info: ClusterInfo;
}

let clientModule: Promise<KubeClientModule> | undefined;
/** client-node is ESM and large: loaded on first use only. */
export function kubeClientModule(): Promise<KubeClientModule> {
  // In the bundles it is a separate CommonJS file (dist/kube-client.js, see scripts/build.mjs), whose
  // exports a dynamic import sees under `default`.
  clientModule ??= import('@kubernetes/client-node').then((m) =>
    (m as { KubeConfig?: unknown }).KubeConfig ? m : (m as unknown as { default: KubeClientModule }).default,
  );
  return clientModule;
}

/** The kubeconfig files kubectl would read, in precedence order. */
export function kubeconfigFiles(options: KubeConfigOptions = {}): string[] {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return [path.resolve(options.kubeconfig)];
  const list = env.KUBECONFIG;
  if (list) {
    const seen = new Set<string>();
    const files: string[] = [];
    for (const entry of list.split(path.delimiter)) {
      if (!entry) continue;
      const abs = path.resolve(entry);
      if (seen.has(abs)) continue;
      seen.add(abs);
      files.push(abs);
    }
    return files.filter((f) => isFile(f));
  }
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const file = path.join(home, '.kube', 'config');
  return isFile(file) ? [file] : [];
}

function isFile(f: string): boolean {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
}

function baseInfo(files: string[], namespace: string): ClusterInfo {
  return { state: 'ok', namespace, contexts: [], kubeconfigFiles: files };
}

/** Loads and merges the kubeconfig; never throws (a bad file is a 'config-error' state). */
export async function loadKubeConfig(options: KubeConfigOptions = {}): Promise<LoadedKubeConfig> {
  const env = options.env ?? process.env;
  const k8s = await kubeClientModule();
  const files = kubeconfigFiles(options);
  if (options.kubeconfig && !existsSync(options.kubeconfig)) {
    return configError(
      files,
      options.namespace,
      `kubeconfig file ${options.kubeconfig} does not exist`,
      'Pass an existing file to --kubeconfig.',
    );
  }
  if (files.length === 0) {
    // kubectl falls back to the in-cluster service account when no kubeconfig exists.
    if (
      env.KUBERNETES_SERVICE_HOST &&
      env.KUBERNETES_SERVICE_PORT &&
      existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')
    ) {
      const kc = new k8s.KubeConfig();
      kc.loadFromCluster();
      return finish(kc, files, options);
    }
    const where = env.KUBECONFIG
      ? `none of the KUBECONFIG files exist (${env.KUBECONFIG})`
      : 'no ~/.kube/config and KUBECONFIG is not set';
    return {
      info: {
        ...baseInfo(files, options.namespace ?? 'default'),
        state: 'no-cluster-configured',
        message: `No cluster configured: ${where}.`,
        nextStep:
          "Create a kubeconfig (e.g. `kind create cluster`, or your provider's `get-credentials` command) or point KUBECONFIG at one, then refresh.",
      },
    };
  }

  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const one = new k8s.KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (e) {
      return configError(
        files,
        options.namespace,
        `kubeconfig ${file} could not be read: ${firstLine(e)}`,
        'Fix the file (it must be a kubeconfig YAML with clusters, users and contexts) or remove it from KUBECONFIG.',
      );
    }
    for (const c of one.getClusters() ?? []) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers() ?? []) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts() ?? []) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return finish(kc, files, options);
}

function finish(kc: KubeConfig, files: string[], options: KubeConfigOptions): LoadedKubeConfig {
  const contextList = kc
    .getContexts()
    .map((c) => ({ name: c.name, cluster: c.cluster, ...(c.namespace ? { namespace: c.namespace } : {}) }));
  const wanted = options.context || kc.getCurrentContext();
  const fail = (message: string, nextStep: string): LoadedKubeConfig => {
    const r = configError(files, options.namespace, message, nextStep);
    r.info.contexts = contextList;
    return r;
  };
  if (!wanted) {
    return contextList.length
      ? fail(
          'The kubeconfig has no current-context.',
          `Choose a context (e.g. \`kubectl config use-context ${contextList[0].name}\`) or pass --context.`,
        )
      : {
          info: {
            ...baseInfo(files, options.namespace ?? 'default'),
            state: 'no-cluster-configured',
            message: 'The kubeconfig defines no context.',
            nextStep: "Add a cluster and context to the kubeconfig (or run your provider's get-credentials command).",
          },
        };
  }
  const context = kc.getContextObject(wanted);
  if (!context)
    return fail(
      `context "${wanted}" does not exist in the kubeconfig.`,
      `Pick one of: ${contextList.map((c) => c.name).join(', ') || '(none)'}.`,
    );
  const cluster = kc.getCluster(context.cluster);
  if (!cluster)
    return fail(
      `context "${wanted}" names cluster "${context.cluster}", which the kubeconfig does not define.`,
      'Add the cluster entry or pick another context.',
    );
  if (!cluster.server)
    return fail(`cluster "${cluster.name}" has no server URL.`, 'Set clusters[].cluster.server in the kubeconfig.');
  kc.setCurrentContext(wanted);
  const namespace = options.namespace || context.namespace || 'default';
  return {
    kc,
    info: {
      ...baseInfo(files, namespace),
      context: wanted,
      cluster: cluster.name,
      ...(context.user ? { user: context.user } : {}),
      server: cluster.server,
      contexts: contextList,
    },
  };
}

function configError(
  files: string[],
  namespace: string | undefined,
  message: string,
  nextStep: string,
): LoadedKubeConfig {
  return { info: { ...baseInfo(files, namespace ?? 'default'), state: 'config-error', message, nextStep } };
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
