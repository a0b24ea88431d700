/** Kyverno's `images` variable: every container image of a Pod or pod template, parsed. */
import type { Resource } from '../types';

export interface ImageInfo {
  registry: string;
  path: string;
  name: string;
  tag: string;
  digest: string;
  reference: string;
  referenceWithTag: string;
}

export function parseImage(image: string): ImageInfo {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const first = rest.split('/')[0];
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  let path = hasRegistry ? rest.slice(first.length + 1) : rest;
  let tag = '';
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  if (!tag && !digest) tag = 'latest';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const referenceWithTag = `${registry}/${path}:${tag || 'latest'}`;
  const reference = digest ? `${registry}/${path}${tag ? `:${tag}` : ''}@${digest}` : referenceWithTag;
  return { registry, path, name, tag, digest, reference, referenceWithTag };
}

/** The pod spec inside a Pod, a pod controller, a CronJob or a Rollout. */
export function podSpecOf(resource: Resource): Record<string, unknown> | undefined {
  const spec = resource.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') return undefined;
  if (resource.kind === 'Pod') return spec;
  const template = (spec.template as Record<string, unknown> | undefined)?.spec;
  if (template && typeof template === 'object') return template as Record<string, unknown>;
  const job = ((spec.jobTemplate as Record<string, unknown> | undefined)?.spec as Record<string, unknown> | undefined)
    ?.template as Record<string, unknown> | undefined;
  return (job?.spec as Record<string, unknown> | undefined) ?? undefined;
}

export function imagesOf(resource: Resource): Record<string, Record<string, ImageInfo>> {
  const pod = podSpecOf(resource);
  const out: Record<string, Record<string, ImageInfo>> = {};
  if (!pod) return out;
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = pod[field];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (c && typeof c.image === 'string' && typeof c.name === 'string')
        (out[field] ??= {})[c.name] = parseImage(c.image);
    }
  }
  return out;
}
