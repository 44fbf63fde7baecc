/** True for loopback host names and addresses (127.0.0.0/8, ::1, localhost); empty means localhost. */
export function isLoopbackHost(host: string | undefined | null): boolean;
/** True for URLs that stay on this machine: loopback http(s)/ws(s), and schemes that never hit the network. */
export function isLoopbackUrl(url: string): boolean;
