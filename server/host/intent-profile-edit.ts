/**
 * The OOMKilled quick action's edit: `spec.resources.profile` of a DeploymentIntent set to a larger
 * profile (the one the hint suggests, else the next by memory limit). Pure text in, TextEdit out,
 * so it is unit-tested; the panel previews it in a modal and applies it as an undoable edit.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { quantityValue } from '../core/quantity';
import type { ResourceProfile } from '../model/platform-config';
import { YamlChunk } from '../yaml/yaml-chunk';
import { setKey } from '../yaml/yaml-edits';

export type ProfileEdit =
  { ok: true; from?: string; to: string; edit: TextEdit; detail: string } | { ok: false; message: string };

export function profileEdit(
  intentText: string,
  profiles: Record<string, ResourceProfile>,
  suggested?: string,
): ProfileEdit {
  const chunk = new YamlChunk(intentText);
  const intent = chunk.toJS().value as {
    kind?: unknown;
    spec?: { resources?: { profile?: unknown; limits?: { memory?: unknown } } };
  } | null;
  if (!intent || intent.kind !== 'DeploymentIntent') {
    return {
      ok: false,
      message:
        'Only a DeploymentIntent has spec.resources.profile; change the resources keyword of this intent by hand.',
    };
  }
  const resources = intent.spec?.resources;
  const from = typeof resources?.profile === 'string' ? resources.profile : undefined;
  // Without a profile the tier picks one the view does not know, so "next larger" needs the hint's suggestion.
  const to = suggested && profiles[suggested] ? suggested : from ? nextLarger(from, profiles) : undefined;
  if (!to) {
    return {
      ok: false,
      message: from
        ? `Profile ${from} is already the largest: raise spec.resources.limits.memory in the intent instead.`
        : 'The intent sets no spec.resources.profile (its tier picks one): set a larger profile or spec.resources.limits.memory explicitly.',
    };
  }
  if (to === from) return { ok: false, message: `The intent already uses profile ${to}.` };
  const edit = setKey(chunk, ['spec', 'resources'], 'profile', to);
  if (!edit)
    return {
      ok: false,
      message:
        'spec.resources of the intent has a shape that cannot be edited safely; set spec.resources.profile by hand.',
    };
  const p = profiles[to];
  const override =
    resources?.limits?.memory !== undefined
      ? ` Note: spec.resources.limits.memory (${String(resources.limits.memory)}) is set explicitly and still overrides the profile's limit.`
      : '';
  return {
    ok: true,
    ...(from ? { from } : {}),
    to,
    edit,
    detail: `Profile ${to}: requests ${p.requests.cpu}/${p.requests.memory}, limits ${p.limits.cpu}/${p.limits.memory}.${override} Regenerate the chart and upgrade the release for the cluster to get it.`,
  };
}

/** The profile with the smallest memory limit above `current`'s. */
function nextLarger(current: string, profiles: Record<string, ResourceProfile>): string | undefined {
  const limit = profiles[current] ? (quantityValue(profiles[current].limits.memory) ?? 0) : 0;
  let best: { name: string; bytes: number } | undefined;
  for (const [name, p] of Object.entries(profiles)) {
    const bytes = quantityValue(p.limits.memory);
    if (bytes !== undefined && bytes > limit && (!best || bytes < best.bytes)) best = { name, bytes };
  }
  return best?.name;
}
