package dev.murmur.chain;

/**
 * An unsigned transaction for the user's own wallet to send: the {@code params[0]} of an EIP-1193
 * {@code eth_sendTransaction}. The server prepares it; the wallet signs it. Murmur never holds the
 * key that sends it (a creator's claim, a reader's deposit, an auditor's veto).
 *
 * @param from       the address expected to send it, or null when any sender works (a claim)
 * @param to         the contract called
 * @param data       ABI-encoded calldata
 * @param value      wei sent along, hex ("0x0": these calls never send ether)
 * @param chainId    the chain it must be sent on; a wallet on another network must switch first
 * @param chainIdHex the same, hex, as {@code wallet_switchEthereumChain} and {@code eth_chainId} spell it
 */
public record TransactionRequest(String from, String to, String data, String value, long chainId, String chainIdHex) {

    public static TransactionRequest of(String from, String to, String data, long chainId) {
        return new TransactionRequest(from, to, data, "0x0", chainId, "0x" + Long.toHexString(chainId));
    }
}
