package io.sextant.engine.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Email over SMTP (Jakarta Mail through Spring's {@link JavaMailSenderImpl}), plain text. The idempotency key is
 * the message's {@code Message-ID} (and {@code X-Sextant-Delivery}), so a mail client or filter can drop a
 * resend. With {@code starttls} the session requires STARTTLS before credentials or content are sent.
 */
record EmailChannel(String name, JavaMailSenderImpl sender, String from, List<String> to) implements Channel {

    static EmailChannel of(String name, NotificationProperties.SmtpProperties smtp, String password, String from,
                           List<String> to, Duration timeout) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(smtp.host());
        sender.setPort(smtp.port());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties props = new Properties();
        props.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        props.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        if (smtp.username() != null && !smtp.username().isBlank()) {
            sender.setUsername(smtp.username());
            sender.setPassword(password);
            props.put("mail.smtp.auth", "true");
        }
        sender.setJavaMailProperties(props);
        return new EmailChannel(name, sender, from, List.copyOf(to));
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Delivery send(Outgoing message) {
        try {
            MimeMessage mail = new KeyedMessage(sender.getSession(), messageId(message.deliveryKey()));
            Notification n = message.notification();
            mail.setFrom(new InternetAddress(from));
            for (String recipient : to) {
                mail.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(recipient));
            }
            mail.setSubject("[sextant] " + n.type().title() + ": " + n.resource()
                    + (message.occurrences() > 1 ? " (" + message.occurrences() + " times)" : ""), "UTF-8");
            mail.setHeader("X-Sextant-Delivery", message.deliveryKey());
            mail.setText(body(message), "UTF-8");
            sender.send(mail);
            return new Delivery.Delivered();
        } catch (MailSendException e) {
            boolean refused = e.getFailedMessages().values().stream().anyMatch(SendFailedException.class::isInstance);
            String reason = "SMTP: " + firstLine(e.getMostSpecificCause().getMessage());
            return refused ? new Delivery.Refused(reason) : new Delivery.Retry(reason, null);
        } catch (MailAuthenticationException e) {
            return new Delivery.Retry("SMTP: authentication failed", null);
        } catch (MailException | MessagingException e) {
            return new Delivery.Retry("SMTP: " + e.getClass().getSimpleName(), null);
        }
    }

    static String body(Outgoing message) {
        Notification n = message.notification();
        StringBuilder s = new StringBuilder();
        s.append(n.type().title()).append(": ").append(n.resource()).append('\n');
        s.append("Source: ").append(n.source()).append("\nBackend: ").append(n.backend()).append('\n');
        if (n.commit() != null) {
            s.append("Commit: ").append(n.commit()).append(n.commitMessage() == null ? "" : " (" + n.commitMessage() + ")")
                    .append('\n');
        }
        if (n.pullRequest() != null) {
            s.append("Pull request: #").append(n.pullRequest()).append('\n');
        }
        if (message.occurrences() > 1) {
            s.append("Happened ").append(message.occurrences()).append(" times, from ").append(message.firstAt())
                    .append(" to ").append(message.lastAt()).append('\n');
        }
        if (n.message() != null && !n.message().isBlank()) {
            s.append('\n').append(n.message()).append('\n');
        }
        s.append('\n');
        n.links().forEach((what, url) -> s.append(what).append(": ").append(url).append('\n'));
        s.append("Delivery: ").append(message.deliveryKey()).append('\n');
        return s.toString();
    }

    /** An RFC 5322 msg-id from the key: only characters an atom may hold, and a domain of our own. */
    static String messageId(String deliveryKey) {
        return "<" + deliveryKey.replaceAll("[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]", "-") + "@sextant.invalid>";
    }

    private static String firstLine(String text) {
        return text == null ? "failed" : text.lines().findFirst().orElse("failed").strip();
    }

    /** Keeps the Message-ID it was given: Jakarta Mail would make a new one on every send. */
    private static final class KeyedMessage extends MimeMessage {

        private final String messageId;

        KeyedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    @Override
    public String toString() {
        return "EmailChannel[" + name + "]";
    }
}
