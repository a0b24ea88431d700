import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instrumentTemplate, stripMarkers, traceRender } from '../../server/review/render-trace';
import { stableName } from '../../server/review/stable-name';
import { valuesFeeding } from '../../server/review/values-link';

test('markers go before YAML content lines only: not inside actions, not after a right-trim, not before template lines', () => {
  const src = [
    '{{- define "x" -}}',
    'first: joined-to-previous-output',
    'second: 2',
    '{{- end }}',
    'kind: Pod',
    '{{- $a := dict',
    '  "k" "v" }}',
    '  {{- toYaml .Values.x | nindent 2 }}',
    '- item',
    'data: {{ include "x" . | b64enc }}',
  ].join('\n');
  const out = instrumentTemplate(src, 3).split('\n');
  const marked = out.flatMap((l, i) => (/^\s*#@hi:3:\d+$/.test(l) ? [out[i + 1]] : []));
  assert.deepEqual(marked, [
    'second: 2',
    'kind: Pod',
    '- item',
    'data: {{ include "x" . | include "helm-intent.trace.strip" | b64enc }}',
  ]);
  assert.match(out.join('\n'), /#@hi:3:2\nsecond: 2/, 'the marker names the original 0-based line');
});

test('tracing maps object paths (list items included) to the marker above their line; stripping restores the text', () => {
  const rendered = [
    '---',
    '# Source: c/templates/d.yaml',
    '#@hi:0:0',
    'kind: Deployment',
    '#@hi:0:5',
    'spec:',
    '  containers:',
    '    #@hi:0:9',
    '    - name: app',
    '      resources:',
    '        limits: {cpu: 1}',
    '',
  ].join('\n');
  const traces = traceRender(rendered, [{ path: 'templates/d.yaml', text: '' }]);
  const doc = traces.get('c/templates/d.yaml\u00000')!;
  assert.deepEqual(doc.locate(['spec', 'containers', 0, 'resources', 'limits', 'cpu']), {
    at: { file: 'templates/d.yaml', line: 9 },
    matchedPath: ['spec', 'containers', 0],
    unmarked: true,
    literalItemsBefore: 0,
  });
  assert.equal(doc.locate(['kind'])!.at.line, 0);
  const { text, clean } = stripMarkers(rendered);
  assert.equal(clean, true);
  assert.doesNotMatch(text, /#@hi/);
  assert.equal(stripMarkers('data: abc #@hi:1:2').clean, false, 'a marker baked into a value is detected');
});

test('values feeding a line: inline refs, toYaml under the key, with/range scopes, includes; none rather than a parent', () => {
  const lines = [
    '{{- with .Values.podSecurityContext }}',
    'securityContext:',
    '  {{- toYaml . | nindent 2 }}',
    '{{- end }}',
    'resources:',
    '  {{- toYaml .Values.app.resources | nindent 2 }}',
    'image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    'name: fixed',
    'sa: {{ include "sa" . }}',
  ];
  const defines = (n: string) => (n === 'sa' ? ['{{ default "x" .Values.serviceAccount.name }}'] : undefined);
  assert.deepEqual(valuesFeeding(lines, 1, ['runAsUser'], defines), ['podSecurityContext', 'runAsUser']);
  assert.deepEqual(valuesFeeding(lines, 4, ['limits'], defines), ['app', 'resources', 'limits']);
  assert.deepEqual(valuesFeeding(lines, 6, [], defines), ['image']);
  assert.equal(valuesFeeding(lines, 7, [], defines), undefined);
  assert.deepEqual(valuesFeeding(lines, 8, [], defines), ['serviceAccount', 'name']);
});

test('random name parts become *, fixed names stay', () => {
  assert.equal(
    stableName('rel-web-test-x7k2p', 'name: {{ .Release.Name }}-web-test-{{ randAlphaNum 5 | lower }}'),
    'rel-web-test-*',
  );
  assert.equal(stableName('rel-web', 'name: {{ .Release.Name }}-web'), 'rel-web');
});

test('a values link is never borrowed from another key further down the block', () => {
  const lines = [
    '- name: app',
    '  image: x:1',
    '  securityContext:',
    '    {{- toYaml .Values.containerSecurityContext | nindent 4 }}',
  ];
  assert.equal(
    valuesFeeding(lines, 0, ['resources', 'limits'], () => undefined),
    undefined,
  );
  assert.deepEqual(
    valuesFeeding(lines, 2, ['runAsUser'], () => undefined),
    ['containerSecurityContext', 'runAsUser'],
  );
});

test('several unrelated values on one line: the one named like the key (bitnami image helpers)', () => {
  const lines = ['image: {{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global) }}'];
  assert.deepEqual(
    valuesFeeding(lines, 0, [], () => undefined),
    ['image'],
  );
});
