package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenstarter.samples.emulator.CallbackReceiver.Post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CallbackSenderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String BODY = "{\"code\":\"0000\",\"msg\":\"success\",\"data\":{\"accessToken\":\"at-1\"}}";

	private final CallbackSender sender = new CallbackSender();

	private CallbackReceiver receiver;

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = new CallbackReceiver();
	}

	@AfterEach
	void stop() {
		this.sender.close();
		this.receiver.close();
	}

	@Test
	void sendWhenOnceThenPostsJsonOnceAndRecordsAnswer() throws Exception {
		String uri = this.receiver.uri("/token-starter/callback/memories?state=abc");

		this.sender.send(Providers.MEMORIES, uri, BODY);

		Post post = this.receiver.takePost();
		assertThat(post.path()).isEqualTo("/token-starter/callback/memories");
		assertThat(post.query()).isEqualTo("state=abc");
		assertThat(post.contentType()).isEqualTo("application/json");
		assertThat(post.body()).isEqualTo(BODY);
		assertThat(this.sender.awaitAttempts(Providers.MEMORIES, 1, TIMEOUT))
			.containsExactly(new CallbackAttempt(Providers.MEMORIES, uri, 204));
	}

	@Test
	void sendWhenTwiceThenPostsSameBodyTwiceAndRecordsBothAnswers() throws Exception {
		this.sender.mode(CallbackMode.TWICE);
		this.receiver.answerNext(204);
		this.receiver.answerNext(409);
		String uri = this.receiver.uri("/cb/memories?state=abc");

		this.sender.send(Providers.MEMORIES, uri, BODY);

		List<CallbackAttempt> attempts = this.sender.awaitAttempts(Providers.MEMORIES, 2, TIMEOUT);
		assertThat(attempts).extracting(CallbackAttempt::status).containsExactly(204, 409);
		assertThat(this.receiver.posts()).extracting(Post::body).containsExactly(BODY, BODY);
	}

	@Test
	void sendWhenWrongStateThenStateReplacedAndOtherParametersKept() throws Exception {
		this.sender.mode(CallbackMode.WRONG_STATE);

		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=abc&x=1"), BODY);

		Post post = this.receiver.takePost();
		assertThat(post.query()).matches("state=[0-9a-f]{32}&x=1");
	}

	@Test
	void sendWhenWrongStateAndNoStateThenStateAdded() throws Exception {
		this.sender.mode(CallbackMode.WRONG_STATE);

		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories"), BODY);

		assertThat(this.receiver.takePost().query()).matches("state=[0-9a-f]{32}");
	}

	@Test
	void sendWhenHoldThenPostsOnlyAfterRelease() throws Exception {
		this.sender.mode(CallbackMode.HOLD);
		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=held"), BODY);
		this.sender.mode(CallbackMode.ONCE);
		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=now"), BODY);
		assertThat(this.receiver.takePost().query()).isEqualTo("state=now");

		this.sender.release();

		assertThat(this.receiver.takePost().query()).isEqualTo("state=held");
	}

	@Test
	void sendWhenNeverThenNothingPosted() {
		this.sender.mode(CallbackMode.NEVER);
		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=abc"), BODY);
		this.sender.mode(CallbackMode.ONCE);
		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=def"), BODY);

		assertThat(this.sender.awaitAttempts(Providers.MEMORIES, 1, TIMEOUT)).singleElement()
			.satisfies((attempt) -> assertThat(attempt.uri()).endsWith("state=def"));
	}

	@Test
	void sendWhenReceiverUnreachableThenStatusZero() {
		this.receiver.close();

		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=abc"), BODY);

		assertThat(this.sender.awaitAttempts(Providers.MEMORIES, 1, TIMEOUT)).extracting(CallbackAttempt::status)
			.containsExactly(0);
	}

	@Test
	void resetWhenCalledThenAttemptsAndHeldDeliveriesForgottenAndModeOnce() throws Exception {
		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=abc"), BODY);
		this.sender.awaitAttempts(Providers.MEMORIES, 1, TIMEOUT);
		this.sender.mode(CallbackMode.HOLD);
		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=held"), BODY);

		this.sender.reset();
		this.sender.release();
		this.sender.send(Providers.MEMORIES, this.receiver.uri("/cb/memories?state=new"), BODY);

		assertThat(this.sender.awaitAttempts(Providers.MEMORIES, 1, TIMEOUT)).singleElement()
			.satisfies((attempt) -> assertThat(attempt.uri()).endsWith("state=new"));
	}

	@Test
	void delayWhenNegativeThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.sender.delay(Duration.ofSeconds(-1)));
	}

}
