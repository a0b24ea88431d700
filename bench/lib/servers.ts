import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(__dirname, '../..');

/** How to start one language server and what settings it is given. */
export interface ServerSpec {
  name: string;
  entry: string;
  cwd: string;
  rootUri: string;
  /** languageId sent on didOpen (each server's own id for intent files). */
  languageId: string;
  settings: unknown;
  /** Answer to one `workspace/configuration` item. */
  configuration(section: string | undefined): unknown;
  /** Node flags the server runs with in the editor (our VS Code client passes these as execArgv). */
  nodeFlags?: string[];
}

const schemaUri = (file: string) => pathToFileURL(path.join(ROOT, 'schemas', file)).href;

/** The intent file patterns both servers treat as intents (our file-role.ts uses the same). */
export const INTENT_GLOBS = ['*.intent.yaml', '*.intent.yml', '**/intent/*.yaml', '**/intent/*.yml'];

/** Both servers run from the repository on the same (virtual) workspace folder. */
const workspace = { cwd: ROOT, rootUri: pathToFileURL('/bench').href };

export const ours: ServerSpec = {
  name: 'helm-intent',
  entry: path.join(ROOT, 'dist/server.js'),
  ...workspace,
  languageId: 'intent-yaml',
  settings: {},
  nodeFlags: ['--max-semi-space-size=1'],
  configuration: () => null,
};

// yaml-language-server validates against the same intent schema we ship; the schema store is
// off so it never reaches for the network (the machine has none).
const yamlSettings = {
  schemas: { [schemaUri('intent.schema.json')]: INTENT_GLOBS },
  validate: true,
  completion: true,
  hover: true,
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
};

export const theirs: ServerSpec = {
  name: 'yaml-language-server',
  entry: path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'),
  ...workspace,
  languageId: 'yaml',
  settings: { yaml: yamlSettings },
  configuration: (section) =>
    section === 'yaml' ? yamlSettings : section === 'http' ? { proxy: '', proxyStrictSSL: false } : null,
};
