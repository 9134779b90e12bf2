package com.example.notion;

import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Stands in for the app's real login (Spring Security, SSO, …): a user id in the session. */
@RestController
public class LoginController {
  /** The session attribute holding the logged-in user's id. */
  public static final String USER = "user-id";

  @GetMapping("/login")
  ResponseEntity<Void> login(@RequestParam("user") String user, HttpSession session) {
    session.setAttribute(USER, user);
    return ResponseEntity.status(303).header(HttpHeaders.LOCATION, "/").build();
  }
}
