package dev.aikeywizard.security;

import java.net.URI;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;

/**
 * Yandex ID documents {@code Authorization: OAuth <token>} for {@code login.yandex.ru/info}; Spring sends
 * {@code Bearer} by default. This sends the documented form.
 */
class YandexUserInfoRequestConverter implements Converter<OAuth2UserRequest, RequestEntity<?>> {

	@Override
	public RequestEntity<?> convert(OAuth2UserRequest request) {
		URI uri = URI.create(
				request.getClientRegistration().getProviderDetails().getUserInfoEndpoint().getUri());
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
		headers.set(HttpHeaders.AUTHORIZATION, "OAuth " + request.getAccessToken().getTokenValue());
		return new RequestEntity<>(headers, org.springframework.http.HttpMethod.GET, uri);
	}

}
