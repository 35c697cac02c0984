package dev.tokenstarter.samples.customers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small service of a token-starter user: {@link Customers} reads Mention Me's customers through the
 * {@code mention-me} client's {@code RestClient}. Its tests show {@code token-starter-test} at work.
 *
 * @author token-starter
 */
@SpringBootApplication
public class CustomerServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(CustomerServiceApplication.class, args);
	}

}
