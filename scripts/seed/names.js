// Word lists for synthetic people and places. Invented combinations; some names carry accents so
// that the accent-insensitive search (f_unaccent) has something to do.

// prettier-ignore
const FIRST_FEMALE = [
  'Olivia', 'Emma', 'Ava', 'Sophia', 'Isabella', 'Mia', 'Amelia', 'Harper', 'Evelyn', 'Abigail',
  'Emily', 'Elizabeth', 'Sofía', 'Avery', 'Ella', 'Scarlett', 'Grace', 'Chloé', 'Victoria', 'Riley',
  'Aria', 'Lily', 'Zoë', 'Nora', 'Hannah', 'Layla', 'Leah', 'Maya', 'Renée', 'Camila', 'Ana',
  'Lucía', 'María', 'Priya', 'Aisha', 'Mei', 'Yuki', 'Fatima', 'Ingrid', 'Noémie', 'Sarah',
  'Rachel', 'Megan', 'Jessica', 'Laura', 'Kimberly', 'Angela', 'Diane', 'Teresa', 'Brenda',
];
// prettier-ignore
const FIRST_MALE = [
  'Liam', 'Noah', 'Oliver', 'Elijah', 'James', 'William', 'Benjamin', 'Lucas', 'Henry', 'Theodore',
  'Jack', 'Levi', 'Alexander', 'Jackson', 'Mateo', 'Daniel', 'Michael', 'Mason', 'Sebastián',
  'Ethan', 'Logan', 'Owen', 'Samuel', 'Jacob', 'Asher', 'Aiden', 'John', 'Joseph', 'Wyatt', 'David',
  'José', 'Luis', 'Andrés', 'Raj', 'Omar', 'Wei', 'Kenji', 'Tomás', 'René', 'François', 'Robert',
  'Thomas', 'Christopher', 'Matthew', 'Anthony', 'Mark', 'Steven', 'Paul', 'Kevin', 'Brian',
];
// prettier-ignore
const LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', 'Rodríguez',
  'Martínez', 'Hernández', 'López', 'González', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore',
  'Jackson', 'Martin', 'Lee', 'Pérez', 'Thompson', 'White', 'Harris', 'Sánchez', 'Clark', 'Ramírez',
  'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen',
  'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell',
  'Carter', 'Roberts', 'Gómez', 'Phillips', 'Evans', 'Turner', 'Díaz', 'Parker', 'Cruz', 'Edwards',
  'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutiérrez',
  'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim',
  'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chávez', 'Wood', 'James', 'Bennett', 'Gray',
  'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Álvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long',
  'Ross', 'Foster', 'Jiménez', 'O’Brien', 'Müller', 'Søren', 'Dubois', 'Lefèvre', 'Nakamura', 'Chen',
];
const PREFERRED = {
  Elizabeth: 'Liz',
  William: 'Will',
  Benjamin: 'Ben',
  Alexander: 'Alex',
  Michael: 'Mike',
  Christopher: 'Chris',
  Matthew: 'Matt',
  Anthony: 'Tony',
  Robert: 'Bob',
  Theodore: 'Teddy',
  Victoria: 'Tori',
  Abigail: 'Abby',
  Jessica: 'Jess',
  Kimberly: 'Kim',
  Samuel: 'Sam',
  Daniel: 'Dan',
  Thomas: 'Tom',
  Joseph: 'Joe',
  Rachel: 'Rae',
  Isabella: 'Bella',
};
// prettier-ignore
const STREETS = [
  'Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Walnut', 'Willow', 'Lake', 'Hill', 'Park', 'Sunset',
  'River', 'Main', 'Church', 'Highland', 'Forest', 'Meadow', 'Ridge', 'Spring', 'Valley',
];
// prettier-ignore
const STREET_KINDS = ['St', 'Ave', 'Rd', 'Blvd', 'Ln', 'Dr', 'Ct', 'Way'];
// prettier-ignore
const RELATIONSHIPS = ['spouse', 'partner', 'parent', 'sibling', 'friend', 'adult child'];

/** The clinics, in creation order; --clinics K takes the first K (cycling with a number after). */
const CLINIC_SITES = [
  {
    name: 'Harbor Ketamine Clinic',
    code: 'HKC',
    city: 'Boston',
    region: 'MA',
    zip: '02110',
    tz: 'America/New_York',
    area: '617',
  },
  {
    name: 'Lakeside Infusion Center',
    code: 'LIC',
    city: 'Chicago',
    region: 'IL',
    zip: '60611',
    tz: 'America/Chicago',
    area: '312',
  },
  {
    name: 'Front Range Ketamine',
    code: 'FRK',
    city: 'Denver',
    region: 'CO',
    zip: '80202',
    tz: 'America/Denver',
    area: '303',
  },
  {
    name: 'Pacific Mood Clinic',
    code: 'PMC',
    city: 'Portland',
    region: 'OR',
    zip: '97205',
    tz: 'America/Los_Angeles',
    area: '503',
  },
  {
    name: 'Desert Sun Infusions',
    code: 'DSI',
    city: 'Phoenix',
    region: 'AZ',
    zip: '85004',
    tz: 'America/Phoenix',
    area: '602',
  },
  {
    name: 'Magnolia Ketamine Care',
    code: 'MKC',
    city: 'Atlanta',
    region: 'GA',
    zip: '30303',
    tz: 'America/New_York',
    area: '404',
  },
  {
    name: 'Bluebonnet Infusion Clinic',
    code: 'BIC',
    city: 'Austin',
    region: 'TX',
    zip: '78701',
    tz: 'America/Chicago',
    area: '512',
  },
  {
    name: 'Evergreen Mind Clinic',
    code: 'EMC',
    city: 'Seattle',
    region: 'WA',
    zip: '98101',
    tz: 'America/Los_Angeles',
    area: '206',
  },
];

module.exports = {
  FIRST_FEMALE,
  FIRST_MALE,
  LAST,
  PREFERRED,
  STREETS,
  STREET_KINDS,
  RELATIONSHIPS,
  CLINIC_SITES,
};
