"""The company's orders and customers: finding and parsing them, proving one is the customer's, the
records import and the demo records. Nothing here decides a complaint."""
