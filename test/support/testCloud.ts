// The local test OpenStack as integration tests see it: the generated clouds.yaml named by
// OPENSTACK_TEST_CLOUDS_YAML (the `cloud` stage sets it) and the test-cloud.json written
// next to it by test/cloud/up. A test that needs the cloud fails loudly without it.
import fs from 'node:fs';
import path from 'node:path';

/** Cloud names of the generated clouds.yaml: a contract with test/cloud/python/plan.py. */
export const TEST_CLOUDS = ['local-password', 'local-appcred', 'local-tasks'] as const;
export type TestCloudName = (typeof TEST_CLOUDS)[number];

export interface TestCloudProject {
  project: string;
  projectId: string;
  user: string;
  regions: string[];
  privateNetwork: string;
  privateCidr: string;
  /** name of the seeded private image of this cloud's project */
  image: string;
  imageFormat: 'qcow2' | 'raw';
}

export interface TestCloud {
  cloudsYaml: string;
  /** operator credentials (cloud `local-admin`), for cleanup and checks only */
  adminCloudsYaml: string;
  imageFiles: { qcow2: string; raw: string };
  externalNetwork: string;
  flavors: string[];
  tasksContainer: string;
  clouds: Record<TestCloudName, TestCloudProject>;
}

export function testCloud(): TestCloud {
  const cloudsYaml = process.env.OPENSTACK_TEST_CLOUDS_YAML;
  if (!cloudsYaml) {
    throw new Error('OPENSTACK_TEST_CLOUDS_YAML is not set: run `node test/run.mjs cloud` (it starts the test cloud), ' +
      'or `test/cloud/up` as root and export OPENSTACK_TEST_CLOUDS_YAML=$(test/cloud/status | tail -1)');
  }
  const manifest = path.join(path.dirname(cloudsYaml), 'test-cloud.json');
  if (!fs.existsSync(cloudsYaml) || !fs.existsSync(manifest)) {
    throw new Error(`the test cloud's ${cloudsYaml} or ${manifest} is missing: is it up? (test/cloud/status)`);
  }
  return JSON.parse(fs.readFileSync(manifest, 'utf8')) as TestCloud;
}
