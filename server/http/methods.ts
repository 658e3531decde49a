/** GET and HEAD: requests that carry no body and change nothing, which every layer may treat alike. */
export const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD'
