import { DEFAULT_ROOTFS, INSTANCES_DIR } from '../../test/support/asterisk-instance.js';
import type { Stack } from '../../test/support/stack.js';
import type { EngineChild } from '../lib/engine-child.js';
import { PLATFORM_PREFIX, type DemoCenter } from './centers.js';

/** The block printed before the morning begins: where an operator can look while it runs. */
export function whereToWatch(stack: Stack, centers: readonly { readonly center: DemoCenter; readonly engine: EngineChild }[]): string[] {
  const rootfs = process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS;
  const conf = `${INSTANCES_DIR}/${stack.id}/etc/asterisk.conf`;
  const redisPort = new URL(stack.redisUrl).port;
  const lines = ['Where to watch while it runs:'];
  for (const { center, engine } of centers) {
    lines.push(
      `  ${center.deployment.serviceCenter.name} (ARI app ${center.app}, keys under "${center.keyPrefix}")`,
      `    dashboard     ${engine.url}/dashboard   (sign in as ${center.operator.id} / ${center.operator.secret}, the sample operator)`,
      `    live queue    ${engine.url}/api/queue   (operators; in the browser after signing in)`,
      `    health        ${engine.url}/healthz   ${engine.url}/readyz`,
      `    one call      ${engine.url}/api/calls/<call id>   (ids in [brackets] below)`,
      `    engine log    tail -f ${engine.logPath}   (JSON, one line per call transition)`,
    );
  }
  lines.push(
    '  (in a browser, sign in at one engine at a time: both listen on 127.0.0.1, and cookies are kept per host, not per port)',
    `  Asterisk log  tail -f ${stack.logs.asteriskMessages}`,
    `                (copied to ${stack.logs.asteriskMessagesArchived} at the end)`,
    `  Asterisk CLI  chroot ${rootfs} asterisk -C ${conf} -r`,
    `  Redis         redis-cli -p ${redisPort}   (the centers' board under "${PLATFORM_PREFIX}")`,
    `  SIPp traces   ${stack.logs.dir}/sipp-*-messages.log`,
  );
  return lines;
}
