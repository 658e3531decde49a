import { randomBytes } from 'node:crypto'

/**
 * A device's secret (HJ 212 PW or MQTT password), for registering, rotating and importing alike: 120 random bits,
 * in characters that HJ 212's `;`, `=`, `,` and `&` delimiters never collide with.
 */
export const newDeviceSecret = () => randomBytes(15).toString('base64url')
