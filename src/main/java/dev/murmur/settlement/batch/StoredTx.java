package dev.murmur.settlement.batch;

import dev.murmur.chain.ChainClient;

import java.math.BigInteger;
import java.time.Instant;

/** A settle transaction as stored before it was broadcast: the exact bytes, so a re-send is always the same transaction. */
record StoredTx(String hash, long nonce, String raw, BigInteger maxFee, BigInteger tip, Instant signedAt) {

    ChainClient.SignedTransaction signed() {
        return new ChainClient.SignedTransaction(raw, hash, nonce, maxFee, tip);
    }
}
