package dev.murmur.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;

/**
 * The architecture of the production code (src/main), as docs/architecture.md "Layers" describes
 * it. Each rule is shown to fail on a deliberate violation in {@link ArchitectureRulesFailTest}.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.murmur");
    }

    @Test
    void featurePackagesShouldNotImportEachOtherInACycle() {
        MurmurRules.featuresFreeOfCycles("dev.murmur").check(production);
    }

    @Test
    void onlyChainShouldUseWeb3j() {
        MurmurRules.web3jOnlyInChain("dev.murmur").check(production);
    }

    @Test
    void onlyLedgerShouldWriteTheJournal() {
        MurmurRules.journalWrittenOnlyByLedger("dev.murmur").check(production);
    }

    @Test
    void resourcesShouldCallServicesNotTheDatabase() {
        MurmurRules.resourcesGoThroughServices("dev.murmur", annotatedWith(Path.class)).check(production);
    }
}
