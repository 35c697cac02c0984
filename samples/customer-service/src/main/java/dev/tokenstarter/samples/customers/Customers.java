package dev.tokenstarter.samples.customers;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * Reads customers from Mention Me's API with the token-starter client {@code mention-me}, which attaches a
 * fresh token to every call.
 *
 * @author token-starter
 */
@Service
public class Customers {

	private final RestClient mentionMe;

	public Customers(@Qualifier("mention-me") RestClient mentionMe) {
		this.mentionMe = mentionMe;
	}

	/**
	 * Return the names of the customers on the first page.
	 * @return the names, in the API's order
	 */
	public List<String> names() {
		CustomerPage page = this.mentionMe.get().uri("/api/v2/customers").retrieve().body(CustomerPage.class);
		return (page != null) ? page.customers().stream().map(Customer::name).toList() : List.of();
	}

	record CustomerPage(List<Customer> customers) {

	}

	record Customer(String id, String name) {

	}

}
