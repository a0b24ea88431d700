import { registryAllowed } from '../../model/platform-config';
import { replaceValue, setKey } from '../../yaml/yaml-edits';
import type { IntentRule, RuleContext } from '../rule-context';
import type { YamlPath } from '../../yaml/yaml-chunk';
import type { ResolvedTierPolicy } from '../../model/platform-config';

export const PINNED_TAG_PLACEHOLDER = 'TODO-pin-tag';

/** Checks one image reference against tier policy and allowed registries; shared by both intent kinds. */
export function checkImage(
  ctx: RuleContext<unknown>,
  seen: Set<string>,
  image: { repository?: unknown; tag?: unknown; digest?: unknown },
  where: { repository: YamlPath; tag: YamlPath; image: YamlPath; tagEditable: boolean },
  tier: string,
  policy: ResolvedTierPolicy,
  suffix: string,
): void {
  const { tag, digest, repository } = image;
  if (typeof repository === 'string' && !registryAllowed(repository, ctx.config.allowedRegistries)) {
    ctx.reportOnce(
      seen,
      'registry-not-allowed',
      'error',
      where.repository,
      `Registry of '${repository}' is not allowed by the platform config (allowed: ${ctx.config.allowedRegistries.join(', ')}).`,
    );
  }
  if (typeof tag === 'string' && tag.startsWith('TODO')) {
    ctx.reportOnce(
      seen,
      'placeholder-value',
      'warning',
      where.tag,
      `Replace the placeholder '${tag}' with the image tag you release${suffix}.`,
    );
    return;
  }
  const pinned = typeof digest === 'string' || (typeof tag === 'string' && tag !== 'latest');
  const fixLatest = where.tagEditable
    ? ctx.has(where.tag)
      ? ctx.fix('Pin the tag (placeholder)', [replaceValue(ctx.chunk, where.tag, PINNED_TAG_PLACEHOLDER)], true)
      : ctx.fix('Add a pinned tag (placeholder)', [setKey(ctx.chunk, where.image, 'tag', PINNED_TAG_PLACEHOLDER)], true)
    : undefined;
  if (!pinned) {
    const missing = tag === undefined;
    const severity = policy.requirePinnedTag ? 'error' : 'warning';
    const code = missing ? 'image-tag-missing' : 'image-tag-latest';
    const message = missing
      ? `No image tag: '${tier}' needs an immutable tag or digest${suffix}.`
      : `'latest' is not an immutable tag: '${tier}' needs a pinned tag or digest${suffix}.`;
    if (policy.requirePinnedTag || !missing)
      ctx.reportOnce(seen, code, severity, missing ? where.image : where.tag, message, [fixLatest], !missing);
  }
  if (policy.requireDigest && typeof digest !== 'string') {
    ctx.reportOnce(
      seen,
      'image-digest-required',
      'error',
      where.image,
      `Tier '${tier}' requires an image digest (sha256:…)${suffix}.`,
      [],
      false,
    );
  }
}

export const imageRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  for (const v of ctx.views()) {
    const image = v.spec.image;
    if (!image || typeof image !== 'object') continue;
    checkImage(
      ctx as RuleContext<unknown>,
      seen,
      image,
      {
        repository: v.pathOf(['image', 'repository']),
        tag: v.pathOf(['image', 'tag']),
        image: v.pathOf(['image']),
        tagEditable: true,
      },
      v.tier,
      v.policy,
      v.suffix,
    );
  }
};
