package dev.murmur.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.murmur.architecture.fixture.resource.FixtureResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of {@link MurmurRules} run against a small fixture (package {@code fixture}) that breaks
 * it on purpose, next to a class that keeps it: the rule reports the one and not the other. This is
 * what shows that {@link ArchitectureTest} can fail.
 */
class ArchitectureRulesFailTest {

    private static final String FIXTURES = "dev.murmur.architecture.fixture";

    private static JavaClasses fixture(String name) {
        return new ClassFileImporter().importPackages(FIXTURES + "." + name);
    }

    @Test
    void aCycleBetweenTwoFeaturePackagesIsReported() {
        EvaluationResult result = MurmurRules.featuresFreeOfCycles(FIXTURES + ".cycle").evaluate(fixture("cycle"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected: left -> ").contains("right -> ");
    }

    @Test
    void web3jOutsideChainIsReportedAndInsideChainIsNot() {
        EvaluationResult result = MurmurRules.web3jOnlyInChain(FIXTURES + ".web3j").evaluate(fixture("web3j"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("HashesOutsideChain").contains("org.web3j.utils.Numeric"))
                .noneSatisfy(line -> assertThat(line).contains("HashesInChain"));
    }

    @Test
    void journalWritesOutsideLedgerAreReportedButReadsAndTheLedgerAreNot() {
        EvaluationResult result = MurmurRules.journalWrittenOnlyByLedger(FIXTURES + ".journal").evaluate(fixture("journal"));

        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("BooksOutsideLedger writes journal_posting"))
                .anySatisfy(line -> assertThat(line).contains("BooksOutsideLedger writes journal_credit_line"))
                .hasSize(2)
                .noneSatisfy(line -> assertThat(line).contains("BooksInLedger"));
    }

    @Test
    void aResourceReachingTheDatabaseIsReportedButOneCallingAServiceIsNot() {
        EvaluationResult result = MurmurRules.resourcesGoThroughServices(FIXTURES + ".resource", annotatedWith(FixtureResource.class))
                .evaluate(fixture("resource"));

        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("EntityManagerResource").contains("jakarta.persistence.EntityManager"))
                .anySatisfy(line -> assertThat(line).contains("PanacheResource").contains("findById"))
                .noneSatisfy(line -> assertThat(line).contains("ThinResource"));
    }

    @Test
    void theConstantPoolReaderFindsATextBlock() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("fixture/journal/elsewhere/BooksOutsideLedger.class")) {
            assertThat(ClassConstants.utf8Entries(in.readAllBytes()))
                    .anySatisfy(s -> assertThat(s).startsWith("INSERT INTO\n    journal_posting"));
        }
    }
}
