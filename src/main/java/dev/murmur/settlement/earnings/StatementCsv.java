package dev.murmur.settlement.earnings;

import dev.murmur.settlement.earnings.StatementService.Line;
import dev.murmur.settlement.earnings.StatementService.Statement;

import java.util.Locale;

/** The statement as CSV for taxes and bookkeeping (RFC 4180, header first, amounts in token units). */
final class StatementCsv {

    static final String HEADER = "date,kind,period,post,trend,amount,status,batch,chain_batch,tx_hash,event\r\n";

    private StatementCsv() {
    }

    static String write(Statement s) {
        StringBuilder out = new StringBuilder(HEADER);
        for (Line l : s.lines()) {
            out.append(l.date()).append(',')
                    .append(l.kind().name().toLowerCase(Locale.ROOT)).append(',')
                    .append(l.periodId()).append(',')
                    .append(l.postId() == null ? "" : l.postId()).append(',')
                    .append(l.trendId() == null ? "" : field(l.trendTag() == null ? l.trendId() : "#" + l.trendTag())).append(',')
                    .append(l.tokens()).append(',')
                    .append(l.status().label()).append(',')
                    .append(l.batchId() == null ? "" : l.batchId()).append(',')
                    .append(l.chainBatchId() == null ? "" : l.chainBatchId()).append(',')
                    .append(l.txHash() == null ? "" : l.txHash()).append(',')
                    .append(l.eventId() == null ? "" : l.eventId()).append("\r\n");
        }
        return out.toString();
    }

    /** Quotes a field that holds a comma, quote or line break (RFC 4180); tags are the only free text here. */
    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
