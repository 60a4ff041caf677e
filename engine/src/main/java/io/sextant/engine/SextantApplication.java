package io.sextant.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Sextant engine: {@code java -jar sextant.jar} runs it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SextantApplication {

    public static void main(String[] args) {
        SpringApplication.run(SextantApplication.class, args);
    }
}
