package io.sextant.engine;

import io.sextant.engine.cli.SextantCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Sextant engine: {@code java -jar sextant.jar} runs it; {@code validate} and {@code plan} run the
 * command-line tools instead, without starting Spring.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SextantApplication {

    public static void main(String[] args) {
        if (SextantCli.handles(args)) {
            System.exit(SextantCli.run(args, System.out, System.err));
        }
        SpringApplication.run(SextantApplication.class, args);
    }
}
