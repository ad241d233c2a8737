/** Branded identifiers: a CallId cannot be passed where an AgentId is expected. */
export type CallId = string & { readonly __brand: 'CallId' };
export type TownId = string & { readonly __brand: 'TownId' };
export type AgentId = string & { readonly __brand: 'AgentId' };
export type EndpointName = string & { readonly __brand: 'EndpointName' };
/** An Asterisk channel id: Asterisk's own for the caller, ours for legs we originate. */
export type ChannelId = string & { readonly __brand: 'ChannelId' };
export type BridgeId = string & { readonly __brand: 'BridgeId' };

export const callId = (s: string): CallId => s as CallId;
export const townId = (s: string): TownId => s as TownId;
export const agentId = (s: string): AgentId => s as AgentId;
export const endpointName = (s: string): EndpointName => s as EndpointName;
export const channelId = (s: string): ChannelId => s as ChannelId;
export const bridgeId = (s: string): BridgeId => s as BridgeId;
