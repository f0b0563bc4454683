"""Remote members: a cooperative on its own Rumbo pushing its shared KPIs to a federation on another, signed and retried."""
