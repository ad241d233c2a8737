import { DEFAULT_ROOTFS, INSTANCES_DIR } from '../../test/support/asterisk-instance.js';
import type { Stack } from '../../test/support/stack.js';
import type { EngineChild } from '../lib/engine-child.js';

/** The block printed before the morning begins: where an operator can look while it runs. */
export function whereToWatch(stack: Stack, engine: EngineChild, keyPrefix: string): string[] {
  const rootfs = process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS;
  const conf = `${INSTANCES_DIR}/${stack.id}/etc/asterisk.conf`;
  const redisPort = new URL(stack.redisUrl).port;
  return [
    'Where to watch while it runs:',
    `  dashboard     ${engine.url}/dashboard   (sign in as teamlead / teamlead-secret, the sample operator)`,
    `  live queue    ${engine.url}/api/queue   (operators; in the browser after signing in)`,
    `  health        ${engine.url}/healthz   ${engine.url}/readyz`,
    `  one call      ${engine.url}/api/calls/<call id>   (ids in [brackets] below)`,
    `  engine log    tail -f ${engine.logPath}   (JSON, one line per call transition)`,
    `  Asterisk log  tail -f ${stack.logs.asteriskMessages}`,
    `                (copied to ${stack.logs.asteriskMessagesArchived} at the end)`,
    `  Asterisk CLI  chroot ${rootfs} asterisk -C ${conf} -r`,
    `  Redis         redis-cli -p ${redisPort}   (keys under "${keyPrefix}")`,
    `  SIPp traces   ${stack.logs.dir}/sipp-*-messages.log`,
  ];
}
