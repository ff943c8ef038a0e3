package ai.torale;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ai.torale.errors.ApiException;
import ai.torale.errors.ErrorBody;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.junit.jupiter.api.Test;

/**
 * The layout of both modules (docs/architecture.md §8), checked on every build so it cannot decay
 * silently: feature packages never import each other in a circle, the wiring sits on top, and HTTP
 * stays at the edge.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("ai.torale");

  /**
   * Resources, exception mappers and filters: the classes that speak HTTP (with their nested
   * classes).
   */
  private static final DescribedPredicate<JavaClass> EDGE =
      new DescribedPredicate<>("a resource, an exception mapper or a filter") {
        @Override
        public boolean test(JavaClass c) {
          JavaClass top = c;
          while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
          }
          return top.isAnnotatedWith(Path.class)
              || top.isAssignableTo(ExceptionMapper.class)
              || top.isAssignableTo(ContainerRequestFilter.class)
              || top.isAssignableTo(ContainerResponseFilter.class);
        }
      };

  @Test
  void noPackageCycles() {
    slices().matching("ai.torale.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void nothingDependsOnTheWiring() {
    noClasses()
        .that()
        .resideOutsideOfPackage("ai.torale.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.torale.app..")
        .check(MAIN);
  }

  @Test
  void httpOnlyAtTheEdge() {
    // errors renders the edge's error bodies; app registers the edge.
    noClasses()
        .that(DescribedPredicate.not(EDGE))
        .and()
        .resideOutsideOfPackages("ai.torale.errors..", "ai.torale.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.ws.rs..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(ApiException.class, ErrorBody.class)
        .check(MAIN);
  }
}
