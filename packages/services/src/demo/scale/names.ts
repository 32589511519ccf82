import type { ObjectFormat, ObjectKind } from '@stowage/core';

/** What an object is, as an operator would have named it: a kind, a format and a name unique by its index. */
export interface ObjectIdentity {
  kind: ObjectKind;
  format: ObjectFormat;
  name: string;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const TEMPLATES = [
  { base: 'ubuntu-24.04-server-cloudimg-amd64', formats: ['qcow2', 'raw'] },
  { base: 'ubuntu-22.04-server-cloudimg-amd64', formats: ['qcow2', 'raw'] },
  { base: 'debian-12-genericcloud-amd64', formats: ['qcow2', 'raw'] },
  { base: 'rocky-9.4-genericcloud-x86_64', formats: ['qcow2'] },
  { base: 'almalinux-9.4-genericcloud-x86_64', formats: ['qcow2'] },
  { base: 'centos-stream-9-genericcloud-x86_64', formats: ['qcow2'] },
  { base: 'fedora-40-cloud-base-x86_64', formats: ['qcow2', 'raw'] },
  { base: 'opensuse-leap-15.6-minimal-vm-x86_64', formats: ['qcow2'] },
  { base: 'rhel-9.4-kvm-x86_64', formats: ['qcow2'] },
  { base: 'win2022-std-core-x64', formats: ['qcow2', 'vhdx', 'vmdk'] },
  { base: 'win2022-dc-desktop-x64', formats: ['qcow2', 'vhdx'] },
  { base: 'win2019-std-x64', formats: ['vhd', 'vhdx', 'vmdk'] },
  { base: 'appliance-fw-pfsense-2.7', formats: ['ova', 'vmdk'] },
] as const;

const ISOS = [
  'ubuntu-24.04.1-live-server-amd64',
  'debian-12.7.0-amd64-netinst',
  'Rocky-9.4-x86_64-dvd',
  'SERVER_EVAL_x64FRE_en-us-2022',
  'virtio-win-0.1.262',
  'systemrescue-11.02-amd64',
  'alpine-virt-3.20.3-x86_64',
] as const;

const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'wonka', 'soylent'] as const;
const ROLES = ['web', 'db', 'cache', 'ci-runner', 'k8s-node', 'mail', 'vpn', 'build'] as const;

/** Templates 55 %, snapshots 25 %, ISOs 20 %; `index` makes the name unique (the revision suffix). */
export function objectIdentity(random: Random, index: number, createdAt: Date): ObjectIdentity {
  const draw = random();
  const revision = `r${index + 1}`;
  if (draw < 0.55) {
    const template = pick(random, TEMPLATES);
    return { kind: 'template', format: pick(random, template.formats), name: `${template.base}-${revision}` };
  }
  if (draw < 0.8) {
    const day = createdAt.toISOString().slice(0, 10);
    const vm = `${pick(random, TENANTS)}-${pick(random, ROLES)}-${String(Math.floor(random() * 100)).padStart(2, '0')}`;
    return { kind: 'snapshot', format: random() < 0.7 ? 'qcow2' : random() < 0.5 ? 'raw' : 'tar', name: `snap-${vm}-${day}-${revision}` };
  }
  return { kind: 'iso', format: 'iso', name: `${pick(random, ISOS)}-${revision}` };
}

/** Zone names by site: region sites, then numbered ones when more are asked for. */
const SITES = ['fra1', 'fra2', 'ams1', 'ams2', 'lon1', 'par1', 'mad1', 'waw1', 'sto1', 'dub1', 'mil1', 'vie1'] as const;

export function siteName(index: number): string {
  return SITES[index] ?? `site${index + 1}`;
}
