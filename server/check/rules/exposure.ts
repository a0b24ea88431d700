import { setKey } from '../../yaml/yaml-edits';
import type { IntentRule } from '../rule-context';

export const exposureRules: IntentRule = (ctx) => {
  const seen = new Set<string>();
  for (const v of ctx.views()) {
    const e = v.spec.exposure;
    if (!e || typeof e !== 'object' || e.type !== 'public-ingress') continue;
    if (!e.host) {
      const path = v.pathOf(['exposure']);
      ctx.reportOnce(
        seen,
        'ingress-host-missing',
        'error',
        v.pathOf(['exposure', 'type']),
        `A public ingress needs a 'host'${v.suffix}.`,
        [
          ctx.fix(
            'Add host',
            [setKey(ctx.chunk, path, 'host', `${ctx.intent.metadata?.name ?? 'app'}.example.com`)],
            true,
          ),
        ],
      );
    }
    if (v.spec.service?.enabled === false) {
      ctx.reportOnce(
        seen,
        'ingress-without-service',
        'error',
        v.pathOf(['service', 'enabled']),
        `A public ingress routes to the Service, which is disabled${v.suffix}.`,
      );
    }
  }
};
